"""`python -m validator` is `fmlint`."""

from .cli.launch import main

if __name__ == "__main__":
    main()
