/// Base images azureml-core 1.61.0.post4 uses, as it spells them.
public enum DefaultImages {
    /// `DEFAULT_CPU_IMAGE`: `openmpi4.1.0-ubuntu22.04`, pinned by the SDK's
    /// `azureml_base_images.json` to tag `20251130.v1`.
    public static let cpu = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20251130.v1"
    /// `DEFAULT_GPU_IMAGE`: `openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04`, untagged (the SDK's tag
    /// file does not list it).
    public static let gpu = "mcr.microsoft.com/azureml/openmpi4.1.0-cuda11.8-cudnn8-ubuntu22.04"
    /// `CUDA_9_BASE_IMAGE` of `azureml._model_management._util`: retired, kept for reports.
    public static let cuda9 = "base-gpu:intelmpi2018.3-cuda9.0-cudnn7-ubuntu16.04"
}
