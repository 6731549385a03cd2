"""The top bar: the GPU found, the suggested resolution/steps with Apply, the estimate
for the current job, and "Add to queue".

The estimate is shown before anything is queued; when the estimated peak exceeds
the free video memory the bar says so in warning colour, and the inspector offers
the next tier down as a one-click fix.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from sonic_desktop.core.estimate import ThroughputBook, job_seconds
from sonic_desktop.gui.common.widgets import format_duration, set_glyph
from sonic_desktop.gui.inspector.field_editors import choice_label
from sonic_desktop.gui.shell.hardware_state import HardwareState
from sonic_desktop.gui.shell.session import Session
from sonic_desktop.gui.shell.theme import set_role


class HardwareBanner(QFrame):
    add_requested = Signal()

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        throughput: ThroughputBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        #: measured throughput (pass the queue controller's, so both show one figure)
        self.throughput = throughput if throughput is not None else ThroughputBook()
        self.state = HardwareState()
        set_role(self, "banner")
        self.gpu_label = QLabel(self)
        self.gpu_label.setObjectName("gpuLabel")
        set_role(self.gpu_label, "heading")
        self.suggestion_label = QLabel(self)
        set_role(self.suggestion_label, "muted")
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("applySuggestion")
        self.apply_button.clicked.connect(self.apply_suggestion)
        self.estimate_label = QLabel(self)
        self.estimate_label.setObjectName("estimateLabel")
        self.add_button = QPushButton(self)
        set_glyph(self.add_button, "plus", primary=True)
        self.add_button.setObjectName("addToQueue")
        set_role(self.add_button, "primary")
        self.add_button.clicked.connect(self.add_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 10, 8)
        layout.setSpacing(12)
        layout.addWidget(self.gpu_label)
        layout.addWidget(self.suggestion_label)
        layout.addWidget(self.apply_button)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(spacer, 1)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.add_button)
        self.apply_button.hide()

        session.settings_changed.connect(self.refresh)
        session.audio_changed.connect(self.refresh)
        session.portrait_changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts from state, so a language switch keeps what the bar knows."""
        self.add_button.setText(self.tr("Add to queue"))
        self.add_button.setToolTip(
            self.tr(
                "Queue a render of this portrait and recording with these settings (Ctrl+Enter)"
            )
        )
        self.apply_button.setToolTip(
            self.tr("Set the suggested resolution, steps and memory use for this graphics card")
        )
        if not self.state.probed:
            self.gpu_label.setText(self.tr("Checking the graphics card…"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()

    def set_state(self, state: HardwareState) -> None:
        self.state = state
        self.refresh()

    def apply_suggestion(self) -> None:
        suggestion = self.state.suggestion
        if suggestion is not None:
            self.session.update_settings(**suggestion.settings_changes())  # type: ignore[attr-defined]

    def refresh(self, *_args: object) -> None:
        state, settings = self.state, self.session.settings
        if state.probed:
            gpu = state.gpu_for(settings.device) or state.gpu_for("auto")
            if gpu is None:
                self.gpu_label.setText(self.tr("No CUDA GPU"))
                self.gpu_label.setToolTip(self.tr("Renders use the preview engine on the CPU."))
            else:
                self.gpu_label.setText(
                    self.tr("{name} · {total:.0f} GB ({free:.1f} GB free)").format(
                        name=gpu.name, total=gpu.total_vram_gb, free=gpu.free_vram_gb
                    )
                )
                self.gpu_label.setToolTip(gpu.device)
        self._show_suggestion()
        self._show_estimate()

    def _show_suggestion(self) -> None:
        suggestion = self.state.suggestion
        if suggestion is None:
            self.suggestion_label.clear()
            self.apply_button.hide()
            return
        changes: dict[str, object] = suggestion.settings_changes()  # type: ignore[attr-defined]
        if getattr(suggestion, "engine", "") == "preview":
            text = self.tr("Suggested: the {engine} engine").format(engine=choice_label("preview"))
        else:
            text = self.tr("Suggested: {res} px · {steps} steps · {memory}").format(
                res=changes.get("min_resolution"),
                steps=changes.get("inference_steps"),
                memory=choice_label(str(changes.get("memory_strategy", "auto"))),
            )
        self.suggestion_label.setText(text)
        self.suggestion_label.setToolTip("\n".join([suggestion.reason, *suggestion.notes]))  # type: ignore[attr-defined]
        settings = self.session.settings
        current = settings.to_dict()
        applied = all(current.get(k) == v for k, v in changes.items())
        if getattr(suggestion, "engine", "") == "preview":
            # "auto" already falls back to the preview engine when Sonic cannot run.
            applied = applied or self.state.effective_engine(settings) == "preview"
        self.apply_button.setVisible(True)
        self.apply_button.setEnabled(not applied)
        self.apply_button.setText(self.tr("Applied") if applied else self.tr("Apply"))

    def _show_estimate(self) -> None:
        audio, portrait = self.session.audio, self.session.portrait
        settings = self.session.settings
        if audio is None:
            self.estimate_label.setText(
                self.tr("Add a portrait and a recording to see an estimate")
            )
            set_role(self.estimate_label, "muted")
            return
        size = (portrait.width, portrait.height) if portrait else None
        est = self.state.estimate(settings, audio.duration_s, size)
        if est is None:
            self.estimate_label.clear()
            return
        # The one estimator: measured throughput on this machine when there is a figure
        # for these settings, else the static estimate (the queue shows the same number).
        engine = self.state.effective_engine(settings)
        static = float(getattr(est, "total_seconds", 0.0))
        seconds = job_seconds(settings, audio.duration_s, engine, static, self.throughput) or 0.0
        rate = self.throughput.rate(settings, engine)
        samples = rate.samples if rate is not None else 0
        self.estimate_label.setToolTip(
            self.tr("Measured on this machine over %n render(s) with these settings", "", samples)
            if samples
            else self.tr("Estimated from the hardware; it is measured after the first render")
        )
        peak = float(getattr(est, "peak_vram_gb", 0.0))
        gpu = self.state.gpu_for(settings.device)
        if getattr(est, "engine", "") == "preview" or gpu is None or peak <= 0:
            text = self.tr("≈ {time} on the CPU").format(time=format_duration(seconds))
            role = "muted"
        elif peak > gpu.free_vram_gb:
            text = self.tr("≈ {time} · needs {peak:.1f} GB, only {free:.1f} GB free").format(
                time=format_duration(seconds), peak=peak, free=gpu.free_vram_gb
            )
            role = "warning"
        else:
            text = self.tr("≈ {time} · peak {peak:.1f} GB of {free:.1f} GB free").format(
                time=format_duration(seconds), peak=peak, free=gpu.free_vram_gb
            )
            role = "muted"
        self.estimate_label.setText(text)
        set_role(self.estimate_label, role)
