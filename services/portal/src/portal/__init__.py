"""The ThiĐua portal: Vietnamese web pages for association officers, the public and (later) every desk."""
