"""`powerctl init` and `powerctl new`: record files from the templates in templates/."""
