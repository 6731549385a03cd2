"""The app shell: the main window, its menus, theme, language, saved layout and hardware banner."""
