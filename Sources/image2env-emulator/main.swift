import WorkspaceEmulator
print("image2env-emulator")
