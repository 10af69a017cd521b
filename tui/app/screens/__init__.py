"""The explorer's screens: the main view and its modal pickers and help."""
