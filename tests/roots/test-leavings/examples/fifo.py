import os

# A FIFO under a picture's name: whoever opens it for reading waits for a writer forever.
os.mkfifo("x.svg")
print("left a FIFO")
