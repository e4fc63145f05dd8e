"""Operator and developer tools of the ThiĐua network: the `thidua` command, `thidua up`, the embedded
database server, the demo province. Services never import this package; it imports the library and the
services' public APIs."""
