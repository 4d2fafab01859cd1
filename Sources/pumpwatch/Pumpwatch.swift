import ArgumentParser

@main
struct Pumpwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pumpwatch",
        abstract: "Find SMS pumping (T1496.003) in CloudTrail, Falcon, Twilio, web and CloudWatch logs.",
        subcommands: [DemoCommand.self, HuntCommand.self, QueryCommand.self, InspectCommand.self, NormalizeCommand.self, SimulateCommand.self, RulesCommand.self, GuardCommand.self, BaselineCommand.self, ServeCommand.self, WatchCommand.self, AlertsCommand.self, TranslateCommand.self]
    )
}
