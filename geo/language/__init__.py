"""Language: how the text uses what it names (place roles)."""
