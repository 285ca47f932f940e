print("the real output")
