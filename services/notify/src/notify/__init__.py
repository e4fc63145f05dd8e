"""The notify service of the ThiĐua network."""
