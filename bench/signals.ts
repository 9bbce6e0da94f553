/** A realistic sample: 13 VSS 6.0 signals, as a car sends about once a second while driving. */
export const SIGNALS = (seq: number) => ({
  'Vehicle.Speed': 40 + (seq % 50),
  'Vehicle.IsMoving': true,
  'Vehicle.TraveledDistance': 10_000_000 + seq * 10,
  'Vehicle.CurrentLocation.Latitude': 51.5 + seq * 1e-5,
  'Vehicle.CurrentLocation.Longitude': -0.12 + seq * 1e-5,
  'Vehicle.CurrentLocation.Heading': seq % 360,
  'Vehicle.CurrentLocation.Altitude': 35,
  'Vehicle.Powertrain.Range': 300_000,
  'Vehicle.Powertrain.TractionBattery.StateOfCharge.Current': 80,
  'Vehicle.Powertrain.ElectricMotor.Speed': 3000,
  'Vehicle.Cabin.HVAC.IsAirConditioningActive': false,
  'Vehicle.Exterior.AirTemperature': 18,
  'Vehicle.Cabin.Door.Row1.DriverSide.IsLocked': true,
});
