from tensorflow.keras.models import Sequential

model = Sequential()
# TODO: add an LSTM with 4 units over 3 words of 2 features,
# returning an output vector for every word.
