"""The awards service of the ThiĐua network."""
