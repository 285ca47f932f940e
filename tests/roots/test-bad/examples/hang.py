print("starting")
while True:
    pass
