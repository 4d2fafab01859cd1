import PumpwatchQuery

/// One operator of a linear plan without its input, so that a branch can be taken apart and
/// its operators rendered in another place (the branches of a `case`).
enum PlanStep {
    case filter(Expression)
    case eval([Assignment])
    case aggregate(Aggregation)
    case sort([SortKey], limit: Int?)
    case limit(count: Int, from: LimitEnd)
    case dissect(field: Expression, pattern: DissectPattern)
    case extract(field: Expression, pattern: ExtractPattern)
    case project(Projection)
    case mvExpand(field: String)

    /// The source and the operators above it, bottom-up; nil when the plan holds a union.
    static func linear(_ plan: LogicalPlan) -> (source: SourceSelection, steps: [PlanStep])? {
        var steps: [PlanStep] = []
        var node = plan
        while true {
            switch node {
            case .source(let s): return (s, steps.reversed())
            case .filter(let p, let e): steps.append(.filter(e)); node = p
            case .eval(let p, let a): steps.append(.eval(a)); node = p
            case .aggregate(let p, let a): steps.append(.aggregate(a)); node = p
            case .sort(let p, let k, let l): steps.append(.sort(k, limit: l)); node = p
            case .limit(let p, let n, let end): steps.append(.limit(count: n, from: end)); node = p
            case .dissect(let p, let f, let d): steps.append(.dissect(field: f, pattern: d)); node = p
            case .extract(let p, let f, let x): steps.append(.extract(field: f, pattern: x)); node = p
            case .project(let p, let pr): steps.append(.project(pr)); node = p
            case .mvExpand(let p, let f): steps.append(.mvExpand(field: f)); node = p
            case .union: return nil
            }
        }
    }

    /// The plan of `steps` over `input`.
    static func plan(_ steps: [PlanStep], over input: LogicalPlan) -> LogicalPlan {
        var plan = input
        for s in steps {
            switch s {
            case .filter(let e): plan = .filter(plan, e)
            case .eval(let a): plan = .eval(plan, a)
            case .aggregate(let a): plan = .aggregate(plan, a)
            case .sort(let k, let l): plan = .sort(plan, k, limit: l)
            case .limit(let n, let end): plan = .limit(plan, count: n, from: end)
            case .dissect(let f, let d): plan = .dissect(plan, field: f, pattern: d)
            case .extract(let f, let x): plan = .extract(plan, field: f, pattern: x)
            case .project(let p): plan = .project(plan, p)
            case .mvExpand(let f): plan = .mvExpand(plan, field: f)
            }
        }
        return plan
    }
}
