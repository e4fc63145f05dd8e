"""The grievance officer's desk (role `grievance_officer`): open cases by their nearest statutory deadline,
each case's clock and actions, the audited reading of the denouncer's identity, letters received by post."""

from portal.grievance import cases

ROUTERS = [cases.router]
