"""Local accounts, web sessions and sign-in (local or OpenID Connect)."""
