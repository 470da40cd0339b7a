"""`python -m reportnlp …` is the `reportnlp` command."""
from reportnlp._entry import main

if __name__ == "__main__":
    main()
