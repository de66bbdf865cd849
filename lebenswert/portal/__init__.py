"""The top layer: pages and commands that combine the domain apps."""
