"""`python -m scrutiny ...` (see scrutiny.cli)."""

from scrutiny.cli import main

raise SystemExit(main())
