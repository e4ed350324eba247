print("image2env")
