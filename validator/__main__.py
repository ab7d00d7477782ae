"""`python -m validator` is `fmlint`."""

from .launch import main

if __name__ == "__main__":
    main()
