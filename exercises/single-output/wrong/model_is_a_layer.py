from tensorflow.keras.layers import SimpleRNN

model = SimpleRNN(4, input_shape=(3, 2))
