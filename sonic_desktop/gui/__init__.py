"""The desktop window (PySide6). The only package allowed to import Qt.

Start-up stays cheap: nothing here imports torch or an engine; the render worker
imports them on its own thread when the first job runs.
"""
