"""`python -m registration api|worker`."""

from thidua.runtime import main

from registration.bootstrap import SPEC

raise SystemExit(main(SPEC))
