print("fast")
