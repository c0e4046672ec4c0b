/// Collects the fields and tasks written inside `Workflow { … }`; `if`, `if`/`else`, `switch` and `for` work.
@resultBuilder
public enum WorkflowBuilder {
    public static func buildExpression(_ component: any WorkflowComponent) -> [any WorkflowComponent] { [component] }
    public static func buildBlock(_ parts: [any WorkflowComponent]...) -> [any WorkflowComponent] {
        parts.flatMap { $0 }
    }
    public static func buildOptional(_ part: [any WorkflowComponent]?) -> [any WorkflowComponent] {
        part ?? []
    }
    public static func buildEither(first part: [any WorkflowComponent]) -> [any WorkflowComponent] {
        part
    }
    public static func buildEither(second part: [any WorkflowComponent]) -> [any WorkflowComponent] {
        part
    }
    public static func buildArray(_ parts: [[any WorkflowComponent]]) -> [any WorkflowComponent] {
        parts.flatMap { $0 }
    }
    public static func buildLimitedAvailability(_ part: [any WorkflowComponent])
        -> [any WorkflowComponent]
    { part }
}

/// Collects what is written inside `Task(…) { … }`: its action and its own fields.
@resultBuilder
public enum TaskBuilder {
    public static func buildExpression(_ component: any TaskComponent) -> [any TaskComponent] {
        [component]
    }
    public static func buildBlock(_ parts: [any TaskComponent]...) -> [any TaskComponent] {
        parts.flatMap { $0 }
    }
    public static func buildOptional(_ part: [any TaskComponent]?) -> [any TaskComponent] {
        part ?? []
    }
    public static func buildEither(first part: [any TaskComponent]) -> [any TaskComponent] { part }
    public static func buildEither(second part: [any TaskComponent]) -> [any TaskComponent] { part }
    public static func buildArray(_ parts: [[any TaskComponent]]) -> [any TaskComponent] {
        parts.flatMap { $0 }
    }
    public static func buildLimitedAvailability(_ part: [any TaskComponent]) -> [any TaskComponent] {
        part
    }
}

/// Collects the task settings written inside `Defaults { … }`.
@resultBuilder
public enum TaskSettingsBuilder {
    public static func buildExpression(_ setting: any TaskSettingComponent)
        -> [any TaskSettingComponent]
    { [setting] }
    public static func buildBlock(_ parts: [any TaskSettingComponent]...)
        -> [any TaskSettingComponent]
    {
        parts.flatMap { $0 }
    }
    public static func buildOptional(_ part: [any TaskSettingComponent]?)
        -> [any TaskSettingComponent]
    { part ?? [] }
    public static func buildEither(first part: [any TaskSettingComponent])
        -> [any TaskSettingComponent]
    { part }
    public static func buildEither(second part: [any TaskSettingComponent])
        -> [any TaskSettingComponent]
    { part }
    public static func buildArray(_ parts: [[any TaskSettingComponent]]) -> [any TaskSettingComponent] {
        parts.flatMap { $0 }
    }
    public static func buildLimitedAvailability(_ part: [any TaskSettingComponent])
        -> [any TaskSettingComponent]
    {
        part
    }
}

/// Collects the workflows one Swift file declares, for `emit`.
@resultBuilder
public enum WorkflowListBuilder {
    public static func buildExpression(_ workflow: Workflow) -> [Workflow] { [workflow] }
    public static func buildExpression(_ workflows: [Workflow]) -> [Workflow] { workflows }
    public static func buildBlock(_ parts: [Workflow]...) -> [Workflow] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Workflow]?) -> [Workflow] { part ?? [] }
    public static func buildEither(first part: [Workflow]) -> [Workflow] { part }
    public static func buildEither(second part: [Workflow]) -> [Workflow] { part }
    public static func buildArray(_ parts: [[Workflow]]) -> [Workflow] { parts.flatMap { $0 } }
}
