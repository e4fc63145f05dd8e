"""`python -m portal api`: serve the portal."""

from portal.main import main

raise SystemExit(main())
