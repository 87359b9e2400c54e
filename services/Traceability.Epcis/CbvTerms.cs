namespace Traceability.Epcis;

/// <summary>
/// The terms the standard EPCIS 2.0 JSON-LD context
/// (https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld) defines for the fields typed
/// <c>@vocab</c>: a bare <c>"departing"</c> in <c>bizStep</c> means
/// <c>https://ref.gs1.org/cbv/BizStep-departing</c>. Taken from that context file once, so that the
/// hash never needs the network; a bare value that is not one of these terms stays as written, as
/// JSON-LD expansion leaves it.
/// </summary>
internal static class CbvTerms
{
    public static readonly HashSet<string> BizSteps = new(StringComparer.Ordinal)
    {
        "accepting", "arriving", "assembling", "collecting", "commissioning", "consigning",
        "creating_class_instance", "cycle_counting", "decommissioning", "departing", "destroying",
        "disassembling", "dispensing", "encoding", "entering_exiting", "holding", "inspecting", "installing",
        "killing", "loading", "other", "packing", "picking", "receiving", "removing", "repackaging",
        "repairing", "replacing", "reserving", "retail_selling", "sampling", "sensor_reporting", "shipping",
        "staging_outbound", "stock_taking", "stocking", "storing", "transporting", "unloading", "unpacking",
        "void_shipping",
    };

    public static readonly HashSet<string> Dispositions = new(StringComparer.Ordinal)
    {
        "active", "available", "completeness_verified", "completeness_inferred", "conformant",
        "container_closed", "container_open", "damaged", "destroyed", "dispensed", "disposed", "encoded",
        "expired", "in_progress", "in_transit", "inactive", "mismatch_instance", "mismatch_class",
        "mismatch_quantity", "needs_replacement", "no_pedigree_match", "non_conformant",
        "non_sellable_other", "partially_dispensed", "recalled", "reserved", "retail_sold", "returned",
        "sellable_accessible", "sellable_not_accessible", "stolen", "unavailable", "unknown",
    };

    public static readonly HashSet<string> SourceDestinationTypes = new(StringComparer.Ordinal)
    {
        "owning_party", "possessing_party", "location",
    };

    public static readonly HashSet<string> BizTransactionTypes = new(StringComparer.Ordinal)
    {
        "bol", "cert", "desadv", "inv", "pedigree", "po", "poc", "prodorder", "recadv", "rma", "testprd",
        "testres", "upevt",
    };

    public static readonly HashSet<string> MeasurementTypes = new(StringComparer.Ordinal)
    {
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Radioactivity", "Altitude",
        "AmountOfSubstance", "AmountOfSubstancePerUnitVolume", "Angle", "AngularAcceleration",
        "AngularMomentum", "AngularVelocity", "Area", "Capacitance", "Conductance", "Conductivity", "Count",
        "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
        "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy",
        "Exposure", "Force", "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity",
        "Length", "LinearMomentum", "Luminance", "LuminousFlux", "LuminousIntensity", "MagneticFlux",
        "MagneticFluxDensity", "MagneticVectorPotential", "Mass", "MassConcentration", "MassFlowRate",
        "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass", "MolarVolume",
        "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance",
        "Resistivity", "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension",
        "Temperature", "Time", "Torque", "Voltage", "Volume", "VolumeFlowRate", "VolumeFraction",
        "VolumetricFlux", "Wavenumber",
    };

    public static readonly HashSet<string> SensorAlarmTypes = new(StringComparer.Ordinal)
    {
        "ALARM_CONDITION", "ERROR_CONDITION",
    };

    public static readonly HashSet<string> Components = new(StringComparer.Ordinal)
    {
        "x", "y", "z", "axial_distance", "azimuth", "height", "spherical_radius", "polar_angle",
        "elevation_angle", "easting", "northing", "latitude", "longitude", "altitude",
    };

    public static readonly HashSet<string> ErrorReasons = new(StringComparer.Ordinal)
    {
        "did_not_occur", "incorrect_data",
    };
}
