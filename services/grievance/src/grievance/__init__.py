"""The grievance service of the ThiĐua network."""
