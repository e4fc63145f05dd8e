"""`python -m grievance api|worker`."""

from thidua.runtime import main

from grievance.bootstrap import SPEC

raise SystemExit(main(SPEC))
