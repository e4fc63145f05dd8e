"""`python -m notify api|worker`."""

from thidua.runtime import main

from notify.bootstrap import SPEC

raise SystemExit(main(SPEC))
