"""Help ▸ About: the version (from package metadata), the build, and the licence notices.

The notices are data (`NOTICES`) so a test can check that every component that ships or
is downloaded has one; their texts are marked with QT_TRANSLATE_NOOP and translated where
they are shown. `application_icon()` loads the icon from resources/icons.
"""

from __future__ import annotations

import html
import platform
import sys
from dataclasses import dataclass
from functools import lru_cache

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QEvent, Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sonic_desktop.core import paths
from sonic_desktop.gui.shell.i18n import QT_TRANSLATE_NOOP

CONTEXT = "AboutDialog"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@dataclass(frozen=True)
class Notice:
    component: str  # a proper name: never translated
    licence: str  # marked for translation
    text: str  # marked for translation
    url: str


NOTICES: tuple[Notice, ...] = (
    Notice(
        "Sonic Desktop",
        QT_TRANSLATE_NOOP("AboutDialog", "Apache License 2.0"),
        QT_TRANSLATE_NOOP("AboutDialog", "This application."),
        "https://www.apache.org/licenses/LICENSE-2.0",
    ),
    Notice(
        "Sonic",
        QT_TRANSLATE_NOOP("AboutDialog", "CC BY-NC-SA 4.0 (non-commercial)"),
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "The Sonic model weights are downloaded separately and may be used for "
            "non-commercial purposes only; share what you make from them under the same "
            "licence and credit the authors.",
        ),
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    Notice(
        "Stable Video Diffusion (img2vid-xt)",
        QT_TRANSLATE_NOOP("AboutDialog", "Stability AI Community License"),
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "Downloaded separately with the Sonic weights. Commercial use by organisations "
            "above the licence's revenue threshold needs a licence from Stability AI.",
        ),
        "https://stability.ai/community-license-agreement",
    ),
    Notice(
        "Whisper",
        QT_TRANSLATE_NOOP("AboutDialog", "MIT License"),
        QT_TRANSLATE_NOOP(
            "AboutDialog", "OpenAI's speech model (whisper-tiny), used for audio features."
        ),
        "https://github.com/openai/whisper",
    ),
    Notice(
        "RIFE",
        QT_TRANSLATE_NOOP("AboutDialog", "MIT License"),
        QT_TRANSLATE_NOOP(
            "AboutDialog", "Frame interpolation model, downloaded with the Sonic weights."
        ),
        "https://github.com/hzwer/ECCV2022-RIFE",
    ),
    Notice(
        "Qt / PySide6",
        QT_TRANSLATE_NOOP("AboutDialog", "GNU LGPL v3"),
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "The Qt libraries ship unmodified as separate shared libraries, so you may "
            "replace them with your own build. Qt source code is available from qt.io.",
        ),
        "https://www.qt.io/licensing/open-source-lgpl-obligations",
    ),
    Notice(
        "dlib",
        QT_TRANSLATE_NOOP("AboutDialog", "Boost Software License 1.0"),
        QT_TRANSLATE_NOOP("AboutDialog", "Face detection and landmark fitting."),
        "http://dlib.net/license.html",
    ),
    Notice(
        "dlib 68-point landmark model",
        QT_TRANSLATE_NOOP("AboutDialog", "iBUG 300-W dataset terms (non-commercial)"),
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "shape_predictor_68_face_landmarks.dat (from face_recognition_models) was "
            "trained on the iBUG 300-W dataset, whose licence excludes commercial use. "
            "Commercial users need permission from the dataset's owners.",
        ),
        "https://ibug.doc.ic.ac.uk/resources/facial-point-annotations/",
    ),
    Notice(
        "FFmpeg",
        QT_TRANSLATE_NOOP("AboutDialog", "GNU LGPL 2.1+ / GPL"),
        QT_TRANSLATE_NOOP(
            "AboutDialog",
            "The ffmpeg program shipped by imageio-ffmpeg runs as a separate process. Its "
            "builds include GPL parts such as libx264, which makes them GPL; "
            "`ffmpeg -version` prints the configuration. Source code is available from "
            "ffmpeg.org.",
        ),
        "https://ffmpeg.org/legal.html",
    ),
    Notice(
        "PyTorch, diffusers, transformers, OpenCV, NumPy, Pillow",
        QT_TRANSLATE_NOOP("AboutDialog", "BSD / Apache 2.0 / MIT-style licences"),
        QT_TRANSLATE_NOOP(
            "AboutDialog", "Each package's licence file ships beside it in its package metadata."
        ),
        "https://pypi.org/",
    ),
)


def _translate(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


@lru_cache(maxsize=1)
def application_icon() -> QIcon:
    """The application icon at every rendered size (empty if the files are missing)."""
    icon = QIcon()
    try:
        folder = paths.resources_dir() / "icons"
    except FileNotFoundError:
        return icon
    for size in ICON_SIZES:
        path = folder / f"sonic-desktop-{size}.png"
        if path.is_file():
            icon.addFile(str(path))
    return icon


def build_kind() -> str:
    """How this copy runs: a PyInstaller bundle or a Python environment."""
    return "bundle" if getattr(sys, "frozen", False) else "python"


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setMinimumSize(560, 480)

        logo = QLabel()
        logo.setPixmap(application_icon().pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel()
        title.setObjectName("AboutTitle")
        title.setWordWrap(True)
        self.version_label = title
        header = QHBoxLayout()
        header.addWidget(logo)
        header.addWidget(title, 1)

        self.details_label = QLabel()
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.notices = QTextBrowser()
        self.notices.setObjectName("AboutNotices")
        self.notices.setOpenExternalLinks(True)

        self.buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.details_label)
        self.licences_label = QLabel()
        self.licences_label.setStyleSheet("font-weight: bold")
        layout.addWidget(self.licences_label)
        layout.addWidget(self.notices, 1)
        layout.addWidget(buttons)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def retranslate(self) -> None:
        from sonic_desktop import __version__

        self.setWindowTitle(self.tr("About Sonic Desktop"))
        version = self.tr("Version {version}").format(version=__version__)
        tagline = self.tr("One portrait and one speech recording in, a lip-synced video out.")
        self.version_label.setText(
            "<h2 style='margin:0'>Sonic Desktop</h2>"
            f"<p>{html.escape(version)}</p><p>{html.escape(tagline)}</p>"
        )
        self.details_label.setText(
            self.tr("Python {python} · Qt {qt} · PySide6 {pyside} · {kind}").format(
                python=platform.python_version(),
                qt=qVersion(),
                pyside=pyside_version,
                kind=self.tr("installed bundle") if build_kind() == "bundle" else self.tr("Python"),
            )
        )
        self.licences_label.setText(self.tr("Licences"))
        self.notices.setHtml(self.notices_html())
        self.notices.setToolTip(self.tr("The licence of every component; links open in a browser"))
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setToolTip(self.tr("Close this window"))

    def notices_html(self) -> str:
        parts = []
        for notice in NOTICES:
            parts.append(
                f"<p><b>{html.escape(notice.component)}</b> — "
                f"<a href='{html.escape(notice.url, quote=True)}'>"
                f"{html.escape(_translate(notice.licence))}</a><br>"
                f"{html.escape(_translate(notice.text))}</p>"
            )
        return "".join(parts)
