@testable import EnvironmentSpec
import XCTest

/// The ruamel.yaml-compatible conda writer on inputs whose ruamel output was recorded from
/// azureml-core's vendored ruamel.yaml 0.17.16 (`round_trip_dump`).
final class CondaYAMLWriterTests: XCTestCase {
    private func text(_ conda: CondaDependenciesSpec) -> String { CondaYAMLWriter.text(for: conda) }

    func testLayoutFromParts() {
        let conda = CondaDependenciesSpec(name: "x", channels: ["conda-forge"], condaPackages: ["python=3.8"],
                                          pipPackages: ["a"], pipOptions: ["--extra-index-url https://e.example/simple"])
        XCTAssertEqual(text(conda), """
            name: x
            channels:
            - conda-forge
            dependencies:
            - python=3.8
            - pip:
              - --extra-index-url https://e.example/simple
              - a

            """)
    }

    func testEmptyListsAreFlow() throws {
        var conda = CondaDependenciesSpec(name: "x", channels: [], condaPackages: ["python=3.8"], pipPackages: ["a"],
                                          pipOptions: [])
        try conda.removePipPackage("a")
        XCTAssertEqual(text(conda), "name: x\ndependencies:\n- python=3.8\n- pip: []\n")
    }

    func testScalarStyles() {
        let items = ["1.0", "true", "yes", "null", "", "~", "a: b", "a #b", "a#b", "- x", "-x", "2020-01-01", "0x1F",
                     "3.8", "=", "<<", "'q'", "\"d\"", "x\ny", "emoji\u{1F600}\t", "\u{A0}nbsp", "trail ", " lead",
                     "@at", "%pct", "`bt", "!bang", "&amp", "*star", "?q", "? q", ":c", "a:b", "a, b", "[x]", "x]", "{",
                     "|", ">", "---x", "...y", "\u{FEFF}bom", "back\\slash", "ctl\u{01}", "\u{E9} \u{FC} \u{1F600}"]
        let conda = CondaDependenciesSpec(name: nil, channels: [], condaPackages: [], pipPackages: items, pipOptions: [])
        XCTAssertEqual(text(conda), """
            dependencies:
            - pip:
              - '1.0'
              - 'true'
              - yes
              - 'null'
              - ''
              - '~'
              - 'a: b'
              - 'a #b'
              - a#b
              - '- x'
              - -x
              - '2020-01-01'
              - '0x1F'
              - '3.8'
              - '='
              - '<<'
              - "'q'"
              - '"d"'
              - "x\\ny"
              - "emoji\\U0001F600\\t"
              - \u{A0}nbsp
              - 'trail '
              - ' lead'
              - '@at'
              - '%pct'
              - '`bt'
              - '!bang'
              - '&amp'
              - '*star'
              - ?q
              - '? q'
              - :c
              - a:b
              - a, b
              - '[x]'
              - x]
              - '{'
              - '|'
              - '>'
              - '---x'
              - '...y'
              - "\\uFEFFbom"
              - back\\slash
              - "ctl\\x01"
              - \u{E9} \u{FC} \u{1F600}

            """)
    }

    func testFoldingPastColumn80() {
        let long = (0..<30).map { "word\($0)" }.joined(separator: " ")
        let conda = CondaDependenciesSpec(name: long, channels: [long, "#" + long, "it's " + long + " \t tab"],
                                          condaPackages: ["python=3.8"],
                                          pipPackages: ["it's " + long + " \t tab"], pipOptions: ["--extra-index-url " + long])
        XCTAssertEqual(text(conda), """
            name: word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12
              word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24
              word25 word26 word27 word28 word29
            channels:
            - word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12
              word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24
              word25 word26 word27 word28 word29
            - '#word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12
              word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24
              word25 word26 word27 word28 word29'
            - "it's word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\\
              \\ word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23\\
              \\ word24 word25 word26 word27 word28 word29 \\t tab"
            dependencies:
            - python=3.8
            - pip:
              - --extra-index-url word0 word1 word2 word3 word4 word5 word6 word7 word8 word9
                word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21
                word22 word23 word24 word25 word26 word27 word28 word29
              - "it's word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11\\
                \\ word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22\\
                \\ word23 word24 word25 word26 word27 word28 word29 \\t tab"

            """)
    }

    func testCommentsFollowTheirItems() throws {
        var conda = CondaDependenciesSpec.sdkDefault
        try conda.addPipPackage("azureml-inference-server-http")
        try conda.removePipPackage("azureml-defaults")
        try conda.addCondaPackage("numpy")
        XCTAssertEqual(text(conda), "# Conda environment specification. The dependencies defined in this file will\r\n"
                       + "# be automatically provisioned for runs with userManagedDependencies=False.\r\n\n"
                       + "# Details about the Conda environment file format:\r\n"
                       + "# https://conda.io/docs/user-guide/tasks/manage-environments.html#create-env-file-manually\r\n\n"
                       + "name: project_environment\ndependencies:\n"
                       + "  # The python interpreter version.\r\n"
                       + "  # Currently Azure ML only supports 3.8 and later.\r\n"
                       + "- python=3.8.13\n\n- pip:\n  - azureml-inference-server-http\n- numpy\n"
                       + "channels:\n- anaconda\n- conda-forge\n")
        XCTAssertEqual(CondaYAMLWriter.text(for: .sdkDefault, keepComments: false),
                       "name: project_environment\ndependencies:\n- python=3.8.13\n- pip:\n  - azureml-defaults\n"
                       + "channels:\n- anaconda\n- conda-forge\n")
    }
}
