"""`python -m awards api|worker`."""

from thidua.runtime import main

from awards.bootstrap import SPEC

raise SystemExit(main(SPEC))
