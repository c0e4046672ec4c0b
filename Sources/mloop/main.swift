print("mloop")
