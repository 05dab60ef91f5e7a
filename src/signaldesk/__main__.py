"""`python -m signaldesk` runs the command line."""

from signaldesk.cli import main

main()
