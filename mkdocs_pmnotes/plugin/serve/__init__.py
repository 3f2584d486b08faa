"""What `mkdocs serve` carries across rebuilds (`state.Serve`): the memo, the last keys and outputs, kept pages."""
