for number in range(100_000):
    print(f"line {number:06d} " + "x" * 40)
