# Prints two lines of 450,000 characters: letters, then tabs. A pattern that tries each start of
# such a line and backtracks over the rest reads them for hours.
import sys

sys.stdout.write("ia" * 225_000 + "\n")
sys.stdout.write("\t" * 450_000 + "\n")
