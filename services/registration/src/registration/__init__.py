"""The registration service of the ThiĐua network."""
