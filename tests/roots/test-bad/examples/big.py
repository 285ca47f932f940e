for number in range(1_000_000):
    print(f"line {number:06d} " + "x" * 40)
