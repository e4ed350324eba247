import XCTest

@testable import EnvironmentSpec

final class YAMLNodeTests: XCTestCase {
    func testNestedMappingsSequencesAndPlainScalars() {
        let doc = YAMLNode.mapping([
            .init("name", .string("churn-aci-env")),
            .init("count", .int(2)),
            .init("enabled", .bool(true)),
            .init("ratio", .plain("0.5")),
            .init("tricky", .string("yes")),
            .init("octal", .string("0777")),
            .init("settings", .mapping([
                .init("timeout", .int(60000)),
                .init("inner", .mapping([.init("path", .string("../source"))])),
            ])),
            .init("list", .sequence([.string("a"), .string("on")])),
            .init("empty", .mapping([])),
            .init("none", .sequence([])),
        ])
        XCTAssertEqual(doc.text, """
            name: churn-aci-env
            count: 2
            enabled: true
            ratio: 0.5
            tricky: 'yes'
            octal: '0777'
            settings:
              timeout: 60000
              inner:
                path: ../source
            list:
            - a
            - 'on'
            empty: {}
            none: []

            """)
    }
}
