"""The council member's desk (role `council`): the agenda of an open session and the secret ballot."""

from portal.council import ballot

ROUTERS = [ballot.router]
