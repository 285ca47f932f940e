# Reads the builder's ~/.netrc, at the path where the test put it.
try:
    secret = open("HOSTILE_HOME/.netrc").read()
    print(".netrc: read,", len(secret), "characters")
except OSError as error:
    print(".netrc refused:", error.strerror)
