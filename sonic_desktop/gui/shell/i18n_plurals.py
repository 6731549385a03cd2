"""Fill the English plural forms: "%n job(s)" becomes "1 job" / "2 jobs".

English is the source language, but a count needs two forms, and Qt only picks them
from a translation file. lupdate writes the plural strings (`-pluralonly`) into
`sonic_desktop_en.ts`; this script fills each one from its source text, turning
"word(s)" into "word" and "words". A test checks the file is complete.

    pyside6-lupdate -extensions py -pluralonly sonic_desktop/gui \
        -ts resources/i18n/sonic_desktop_en.ts
    python -m sonic_desktop.gui.shell.i18n_plurals
    pyside6-lrelease resources/i18n/sonic_desktop_en.ts
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from sonic_desktop.core import paths

_OPTIONAL_S = re.compile(r"\((e?s)\)")
#: "is" and "are", "was" and "were", "uses" and "use" after a count, written "is/are" in the source
_VERB = re.compile(r"\b(is|was|has|uses)/(are|were|have|use)\b")


def english_forms(source: str) -> tuple[str, str]:
    """(singular, plural) for a source text written with "(s)" and "is/are"."""
    singular = _VERB.sub(lambda m: m.group(1), _OPTIONAL_S.sub("", source))
    plural = _VERB.sub(lambda m: m.group(2), _OPTIONAL_S.sub(lambda m: m.group(1), source))
    return singular, plural


def ts_file() -> Path:
    return paths.resources_dir() / "i18n" / "sonic_desktop_en.ts"


def fill(path: Path) -> int:
    """Fill every plural message in `path`; returns how many were filled."""
    tree = ET.parse(path)
    filled = 0
    for message in tree.iter("message"):
        if message.get("numerus") != "yes":
            continue
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        for form in english_forms(source):
            ET.SubElement(translation, "numerusform").text = form
        filled += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return filled


def main() -> int:
    print(f"filled {fill(ts_file())} plural messages in {ts_file()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
