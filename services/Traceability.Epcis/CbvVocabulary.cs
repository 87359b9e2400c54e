namespace Traceability.Epcis;

/// <summary>Which standard vocabulary a field's bare values come from.</summary>
internal enum CbvVocabulary
{
    None,
    BizStep,
    Disposition,
    SourceDestinationType,
    BizTransactionType,
    MeasurementType,
    SensorAlarmType,
    Component,
    ErrorReason,
}
