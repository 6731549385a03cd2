"""`python -m sonic_desktop` behaves exactly like the `sonic-desktop` command."""

from sonic_desktop.launcher import main

raise SystemExit(main())
