"""Small trained artefacts that ship with the package (see README.md here)."""
