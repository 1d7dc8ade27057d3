"""The engine's builders: each turns a definition's parameters into an indicator page."""
