/// The destination countries the simulation sends to, with indicative prices.
///
/// Prices are close to the providers' public per-message list prices; what matters for the
/// detections is their spread: a few tenths of a cent in North America against tens of cents to
/// over a dollar on premium and satellite ranges.
enum CountryCatalog {
    static let unitedStates = Country(
        iso: "US", name: "United States", callingCode: "1", nationalDigits: 10,
        mobilePrefixes: ["2023", "2127", "3128", "4159", "5126", "6174", "6469", "7022", "7138", "2068", "3034", "4047", "3052", "4804", "9196", "6193", "7204", "8139"],
        mcc: "310", mncs: ["260", "410", "120"], twilioPrice: 0.0083, snsPrice: 0.00581)
    static let canada = Country(
        iso: "CA", name: "Canada", callingCode: "1", nationalDigits: 10,
        mobilePrefixes: ["4162", "6473", "6045", "5149", "4035", "6132"],
        mcc: "302", mncs: ["720", "610", "220"], twilioPrice: 0.0083, snsPrice: 0.00575)
    static let unitedKingdom = Country(
        iso: "GB", name: "United Kingdom", callingCode: "44", nationalDigits: 10,
        mobilePrefixes: ["74", "75", "77", "78", "79"],
        mcc: "234", mncs: ["10", "15", "20", "30"], twilioPrice: 0.0524, snsPrice: 0.0406)
    static let germany = Country(
        iso: "DE", name: "Germany", callingCode: "49", nationalDigits: 11,
        mobilePrefixes: ["151", "152", "160", "170", "171", "176"],
        mcc: "262", mncs: ["01", "02", "03"], twilioPrice: 0.0914, snsPrice: 0.0886)
    static let france = Country(
        iso: "FR", name: "France", callingCode: "33", nationalDigits: 9,
        mobilePrefixes: ["6", "7"],
        mcc: "208", mncs: ["01", "10", "20"], twilioPrice: 0.0791, snsPrice: 0.0624)
    static let australia = Country(
        iso: "AU", name: "Australia", callingCode: "61", nationalDigits: 9,
        mobilePrefixes: ["4"],
        mcc: "505", mncs: ["01", "02", "03"], twilioPrice: 0.0515, snsPrice: 0.0398)
    static let india = Country(
        iso: "IN", name: "India", callingCode: "91", nationalDigits: 10,
        mobilePrefixes: ["98", "99", "97", "70", "81"],
        mcc: "404", mncs: ["10", "45", "20"], twilioPrice: 0.0832, snsPrice: 0.0028)
    static let brazil = Country(
        iso: "BR", name: "Brazil", callingCode: "55", nationalDigits: 11,
        mobilePrefixes: ["119", "219", "319", "419"],
        mcc: "724", mncs: ["05", "06", "11"], twilioPrice: 0.0632, snsPrice: 0.0450)
    static let mexico = Country(
        iso: "MX", name: "Mexico", callingCode: "52", nationalDigits: 10,
        mobilePrefixes: ["55", "33", "81"],
        mcc: "334", mncs: ["020", "030"], twilioPrice: 0.0563, snsPrice: 0.0412)
    static let spain = Country(
        iso: "ES", name: "Spain", callingCode: "34", nationalDigits: 9,
        mobilePrefixes: ["6", "7"],
        mcc: "214", mncs: ["01", "03", "07"], twilioPrice: 0.0818, snsPrice: 0.0744)

    static let sierraLeone = Country(
        iso: "SL", name: "Sierra Leone", callingCode: "232", nationalDigits: 8,
        mobilePrefixes: ["76", "77", "78", "30"],
        mcc: "619", mncs: ["01", "05"], twilioPrice: 0.2115, snsPrice: 0.1604)
    static let globalMobileSatellite = Country(
        iso: "GMSS", name: "Global Mobile Satellite System (+881)", callingCode: "881", nationalDigits: 9,
        mobilePrefixes: ["6", "8"],
        mcc: "901", mncs: ["03"], twilioPrice: 0.9240, snsPrice: 0.7500)
    static let internationalNetworks = Country(
        iso: "INTL", name: "International Networks (+882)", callingCode: "882", nationalDigits: 10,
        mobilePrefixes: ["16"],
        mcc: "901", mncs: ["05"], twilioPrice: 0.6550, snsPrice: 0.4800)
    static let latvia = Country(
        iso: "LV", name: "Latvia", callingCode: "371", nationalDigits: 8,
        mobilePrefixes: ["2"],
        mcc: "247", mncs: ["01", "02", "05"], twilioPrice: 0.1016, snsPrice: 0.0876)
    static let uzbekistan = Country(
        iso: "UZ", name: "Uzbekistan", callingCode: "998", nationalDigits: 9,
        mobilePrefixes: ["90", "91", "93", "94", "97", "99"],
        mcc: "434", mncs: ["04", "05", "07"], twilioPrice: 0.3023, snsPrice: 0.2471)
    static let nigeria = Country(
        iso: "NG", name: "Nigeria", callingCode: "234", nationalDigits: 10,
        mobilePrefixes: ["803", "806", "813", "816", "703", "706", "802", "808"],
        mcc: "621", mncs: ["20", "30", "50", "60"], twilioPrice: 0.3173, snsPrice: 0.1870)
    static let bangladesh = Country(
        iso: "BD", name: "Bangladesh", callingCode: "880", nationalDigits: 10,
        mobilePrefixes: ["17", "18", "19", "13", "16"],
        mcc: "470", mncs: ["01", "02", "03", "07"], twilioPrice: 0.3226, snsPrice: 0.2863)

    static let indonesia = Country(
        iso: "ID", name: "Indonesia", callingCode: "62", nationalDigits: 11,
        mobilePrefixes: ["812", "813", "821", "852", "857"],
        mcc: "510", mncs: ["10", "01", "11"], twilioPrice: 0.4121, snsPrice: 0.3358)
    static let pakistan = Country(
        iso: "PK", name: "Pakistan", callingCode: "92", nationalDigits: 10,
        mobilePrefixes: ["300", "301", "321", "333", "345"],
        mcc: "410", mncs: ["01", "03", "04", "06"], twilioPrice: 0.2898, snsPrice: 0.2151)
    static let vietnam = Country(
        iso: "VN", name: "Vietnam", callingCode: "84", nationalDigits: 9,
        mobilePrefixes: ["9", "3", "8"],
        mcc: "452", mncs: ["01", "02", "04"], twilioPrice: 0.0950, snsPrice: 0.0883)
    static let philippines = Country(
        iso: "PH", name: "Philippines", callingCode: "63", nationalDigits: 10,
        mobilePrefixes: ["917", "918", "927", "998"],
        mcc: "515", mncs: ["02", "03"], twilioPrice: 0.2037, snsPrice: 0.1650)

    /// Where the shop's real customers live, with their shares.
    static let customerCountries: [(Country, Double)] = [
        (unitedStates, 55), (canada, 8), (unitedKingdom, 10), (germany, 6), (france, 5),
        (australia, 4), (india, 4), (brazil, 3), (mexico, 3), (spain, 2),
    ]

    /// The premium-rate and high-fraud destinations of the high-risk campaign.
    static let highRisk: [Country] = [
        sierraLeone, globalMobileSatellite, internationalNetworks, latvia, uzbekistan, nigeria, bangladesh,
    ]

    /// Mid-priced destinations a slow campaign hides among.
    static let lowAndSlow: [Country] = [indonesia, pakistan, vietnam, philippines]
}
