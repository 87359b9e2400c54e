namespace Traceability.Epcis.Tests;

/// <summary>Each value rule of the CBV 2.0 event hash on its own.</summary>
public sealed class NormalisationRuleTests
{
    [Theory]
    [InlineData("2023-01-18T11:04:03.1415Z", "2023-01-18T11:04:03.142Z")] // 4th decimal 5 rounds up
    [InlineData("2023-01-18T11:04:03.1414Z", "2023-01-18T11:04:03.141Z")]
    [InlineData("2023-01-18T11:04:03.14149999Z", "2023-01-18T11:04:03.141Z")] // only the 4th decimal counts
    [InlineData("2023-12-31T23:59:59.9995Z", "2024-01-01T00:00:00.000Z")] // the carry crosses the year
    [InlineData("2020-04-01T15:00:00+01:00", "2020-04-01T14:00:00.000Z")] // zero-filled milliseconds, UTC
    [InlineData("2022-02-16T20:33:31.116000-06:00", "2022-02-17T02:33:31.116Z")]
    [InlineData("2022-02-16T20:33:31.1+0530", "2022-02-16T15:03:31.100Z")]
    [InlineData("2022-02-16T20:33:31", "2022-02-16T20:33:31.000Z")] // no offset: taken as UTC
    [InlineData(" 2022-02-16T20:33:31Z ", "2022-02-16T20:33:31.000Z")]
    [InlineData("yesterday", "yesterday")]
    [InlineData("2022-13-40T20:33:31Z", "2022-13-40T20:33:31Z")] // not a date: left as written
    public void TimestampsAreUtcWithMilliseconds(string raw, string canonical) =>
        Assert.Equal(canonical, CanonicalValue.Timestamp(raw));

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("0.3434000", "0.3434")]
    [InlineData("600", "600")]
    [InlineData("+5", "5")]
    [InlineData("26.10", "26.1")]
    [InlineData("1e3", "1000")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("-0.50", "-0.5")]
    [InlineData(".5", "0.5")]
    [InlineData("+01:00", "+01:00")]
    [InlineData("ABC-12", "ABC-12")]
    [InlineData("1e400", "1e400")] // not a finite double: left as written
    public void NumbersHaveNoTrailingZeros(string raw, string canonical) =>
        Assert.Equal(canonical, CanonicalValue.Number(raw));

    [Theory]
    // SGTIN: the same GTIN whatever the length of the company prefix (6 to 12 digits)
    [InlineData("urn:epc:id:sgtin:061414.1107346.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:06141410.17346.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:061414107.1346.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:0614141073.146.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:06141410734.16.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:061414107346.1.2018", "https://id.gs1.org/01/10614141073464/21/2018")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.A!(B)*+,:c", "https://id.gs1.org/01/10614141073464/21/A%21%28B%29%2A%2B%2C%3Ac")]
    [InlineData("urn:epc:id:sscc:4012345.0000000333", "https://id.gs1.org/00/040123450000003338")]
    [InlineData("urn:epc:id:sscc:401234500.00000333", "https://id.gs1.org/00/040123450000003338")]
    [InlineData("urn:epc:id:sgln:4012345.00011.987", "https://id.gs1.org/414/4012345000115/254/987")]
    [InlineData("urn:epc:id:sgln:401234500011..987", "https://id.gs1.org/414/4012345000115/254/987")]
    [InlineData("urn:epc:id:sgln:4012345.00011.0", "https://id.gs1.org/414/4012345000115")]
    [InlineData("urn:epc:id:grai:4012345.55555.1234", "https://id.gs1.org/8003/040123455555541234")]
    [InlineData("urn:epc:id:giai:4000001.111", "https://id.gs1.org/8004/4000001111")]
    [InlineData("urn:epc:id:gsrn:4012345.0000098765", "https://id.gs1.org/8018/401234500000987658")]
    [InlineData("urn:epc:id:gsrnp:4012345.0000098765", "https://id.gs1.org/8017/401234500000987658")]
    [InlineData("urn:epc:id:gdti:4012345.55555.1234", "https://id.gs1.org/253/40123455555541234")]
    [InlineData("urn:epc:id:cpi:0614141.123ABC.123456789", "https://id.gs1.org/8010/0614141123ABC/8011/123456789")]
    [InlineData("urn:epc:id:sgcn:4012345.67890.04711", "https://id.gs1.org/255/401234567890104711")]
    [InlineData("urn:epc:id:ginc:0614141.xyz47", "https://id.gs1.org/401/0614141xyz47")]
    [InlineData("urn:epc:id:gsin:0614141.123456789", "https://id.gs1.org/402/06141411234567890")]
    [InlineData("urn:epc:id:itip:4012345.012345.01.02.987", "https://id.gs1.org/8006/040123451234560102/21/987")]
    [InlineData("urn:epc:id:upui:1234567.089456.51qIgY)", "https://id.gs1.org/01/01234567894560/235/51qIgY%29")]
    [InlineData("urn:epc:id:pgln:4012345.00000", "https://id.gs1.org/417/4012345000009")]
    [InlineData("urn:epc:class:lgtin:4054739.099914.20160711", "https://id.gs1.org/01/04054739999148/10/20160711")]
    [InlineData("urn:epc:idpat:sgtin:4012345.066666.*", "https://id.gs1.org/01/04012345666663")]
    [InlineData("urn:epc:idpat:grai:4012345.55555.*", "https://id.gs1.org/8003/04012345555554")]
    [InlineData("urn:epc:idpat:itip:4012345.012345.01.02.*", "https://id.gs1.org/8006/040123451234560102")]
    public void EpcUrnsBecomeCanonicalDigitalLinks(string urn, string digitalLink) =>
        Assert.Equal(digitalLink, DigitalLink.Normalise(urn));

    [Theory]
    [InlineData("urn:epc:id:sgtin:06141.1107346.2018")] // company prefix of 5 digits
    [InlineData("urn:epc:id:sgtin:0614141.10734.2018")] // reference one digit short
    [InlineData("urn:epc:id:sscc:4012345.000000033")]
    [InlineData("urn:epc:id:unknown:4012345.00000")]
    [InlineData("urn:epc:idpat:sgtin:4012345.066666.123")]
    public void InvalidEpcUrnsAreLeftAlone(string urn) => Assert.Null(DigitalLink.Normalise(urn));

    [Theory]
    [InlineData("https://id.gs1.de/00/040123451111111110", "https://id.gs1.org/00/040123451111111110")] // custom domain
    [InlineData("https://example.com/shop/01/09506000134352/21/abc?17=201225", "https://id.gs1.org/01/09506000134352/21/abc")] // path prefix, query
    [InlineData("https://id.gs1.org/01/09506000134352/10/LOT1/21/SER1", "https://id.gs1.org/01/09506000134352/21/SER1")] // serial wins over lot
    [InlineData("https://id.gs1.org/01/09506000134352/22/2A/10/LOT1", "https://id.gs1.org/01/09506000134352/10/LOT1")] // CPV dropped
    [InlineData("https://id.gs1.org/gtin/9506000134352/lot/LOT1", "https://id.gs1.org/01/09506000134352/10/LOT1")] // short names, GTIN-13 padded
    [InlineData("https://id.gs1.org/414/4012345000115/254/987", "https://id.gs1.org/414/4012345000115/254/987")]
    [InlineData("https://id.gs1.org/414/4012345000115?linkType=all", "https://id.gs1.org/414/4012345000115")]
    [InlineData("http://example.org/8004/401234599999", "https://id.gs1.org/8004/401234599999")]
    [InlineData("https://id.example.com/253/4012345000054987", "https://id.gs1.org/253/4012345000054987")]
    public void DigitalLinksAreConstrainedAndCanonical(string uri, string canonical) =>
        Assert.Equal(canonical, DigitalLink.Normalise(uri));

    [Theory]
    [InlineData("https://www.ncbi.nlm.nih.gov/taxonomy/1126011")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/27700")]
    [InlineData("http://transaction.acme.com/po/12345678")]
    [InlineData("https://id.gs1.org/01/123")] // not a GTIN
    [InlineData("geo:50.947573340894124,6.922120147375441")]
    public void OtherUrisAreNotDigitalLinks(string uri) => Assert.Null(DigitalLink.Normalise(uri));

    [Theory]
    [InlineData("departing", "BizStep", "https://ref.gs1.org/cbv/BizStep-departing")]
    [InlineData("cbv:BizStep-departing", "BizStep", "https://ref.gs1.org/cbv/BizStep-departing")]
    [InlineData("urn:epcglobal:cbv:bizstep:departing", "BizStep", "https://ref.gs1.org/cbv/BizStep-departing")]
    [InlineData("in_transit", "Disposition", "https://ref.gs1.org/cbv/Disp-in_transit")]
    [InlineData("urn:epcglobal:cbv:disp:in_transit", "Disposition", "https://ref.gs1.org/cbv/Disp-in_transit")]
    [InlineData("po", "BizTransactionType", "https://ref.gs1.org/cbv/BTT-po")]
    [InlineData("urn:epcglobal:cbv:btt:po", "BizTransactionType", "https://ref.gs1.org/cbv/BTT-po")]
    [InlineData("owning_party", "SourceDestinationType", "https://ref.gs1.org/cbv/SDT-owning_party")]
    [InlineData("Temperature", "MeasurementType", "https://gs1.org/voc/Temperature")]
    [InlineData("gs1:Temperature", "MeasurementType", "https://gs1.org/voc/Temperature")]
    [InlineData("ALARM_CONDITION", "SensorAlarmType", "https://gs1.org/voc/ALARM_CONDITION")]
    [InlineData("x", "Component", "https://ref.gs1.org/cbv/Comp-x")]
    [InlineData("incorrect_data", "ErrorReason", "https://ref.gs1.org/cbv/ER-incorrect_data")]
    [InlineData("exampling", "BizStep", "exampling")] // not a CBV term
    [InlineData("departing", "None", "departing")] // not a vocabulary field
    [InlineData("urn:epcglobal:cbv:bt:5200001000008:4711", "None", "urn:epcglobal:cbv:bt:5200001000008:4711")] // an identifier, not a term
    [InlineData("example:x", "Component", "example:x")] // user CURIEs in values stay
    public void StandardVocabularyBecomesGs1WebUris(string raw, string vocabulary, string canonical) =>
        Assert.Equal(canonical, CanonicalValue.Of(raw, Enum.Parse<CbvVocabulary>(vocabulary), JsonLdPrefixes.Standard));

    [Fact]
    public void ValuesAreTrimmed() =>
        Assert.Equal("OBSERVE", CanonicalValue.Of("  OBSERVE\t", CbvVocabulary.None, JsonLdPrefixes.Standard));

    [Theory]
    [InlineData("example:myField", "{https://ns.example.com/epcis/}myField")]
    [InlineData("https://ns.example.com/epcis/myField", "{https://ns.example.com/epcis/}myField")]
    [InlineData("http://example.org/ns#field", "{http://example.org/ns#}field")]
    [InlineData("cbvmda:lotNumber", "{urn:epcglobal:cbv:mda:}lotNumber")]
    [InlineData("urn:epcglobal:cbv:mda:lotNumber", "{urn:epcglobal:cbv:mda:}lotNumber")]
    [InlineData("unknown:field", "unknown:field")]
    [InlineData("plain", "plain")]
    public void ExtensionKeysAreNamespaceAndLocalName(string key, string expanded)
    {
        var prefixes = JsonLdPrefixes.Standard.With(System.Text.Json.Nodes.JsonNode.Parse("""{"example": "https://ns.example.com/epcis/"}"""));

        Assert.Equal(expanded, prefixes.ExpandKey(key));
    }

    [Fact]
    public void StringsSortByCodePointAsUtf8Bytes()
    {
        string[] strings = ["b", "B", "{x}", "a", "\uFF21", "\U0001F600", "ab", "a="];

        var sorted = strings.Order(CodePointOrder.Instance).ToArray();

        Assert.Equal(["B", "a", "a=", "ab", "b", "{x}", "\uFF21", "\U0001F600"], sorted);
    }

    [Theory]
    [InlineData("4012345000115")]
    [InlineData("9506000134352")]
    public void CheckDigitsAreGs1Modulo10(string key) => Assert.Equal(key, Gs1CheckDigit.Append(key[..^1]));
}
